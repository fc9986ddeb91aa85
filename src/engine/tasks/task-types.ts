// A CLI task: runtime-neutral engine work that the browser harness page and the Node runner both execute.

/** What a task may report while it runs: JSON results (stdout lines) and human progress (stderr). */
export interface TaskIO {
  emit(result: unknown): void;
  progress(message: string): void;
}

export type TaskArgs = Record<string, string | boolean | string[] | undefined>;

export type Task = (gpu: GPU, args: TaskArgs, io: TaskIO) => Promise<void>;
