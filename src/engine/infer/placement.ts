// Which execution provider ONNX Runtime put each node on. ORT-web has no API for it, but at verbose log level its
// session_state.cc prints "Node placements" through the console while a session is created (in browsers; in Node
// Emscripten writes to the file descriptors directly, so nothing can be captured there); we capture and parse that.

export interface NodePlacement {
  /** Execution provider as ORT names it, e.g. WebGpuExecutionProvider, CPUExecutionProvider. */
  provider: string;
  count: number;
  /** "OpType (node name)" lines ORT lists for partial placements; empty when all nodes went to one provider. */
  nodes: string[];
}

export interface PlacementReport {
  /** False when ORT printed nothing we recognise (then the UI says so instead of guessing). */
  reported: boolean;
  placements: NodePlacement[];
}

const ALL = /All nodes placed on \[(\w+)\]\. Number of nodes: (\d+)/;
const SOME = /Node\(s\) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
// session_state.cc lists partial placements as "OpType (node name)" lines inside the same message.
const NODE = /^\s+([A-Za-z][\w.]* \(.*\))\s*$/;

/** Parses captured ORT log lines (any prefix; one message per line). */
export function parsePlacement(lines: readonly string[]): PlacementReport {
  const placements: NodePlacement[] = [];
  let current: NodePlacement | undefined;
  for (const raw of lines.flatMap((l) => l.split('\n'))) {
    const all = ALL.exec(raw);
    const some = SOME.exec(raw);
    const m = all ?? some;
    if (m) {
      current = { provider: m[1], count: Number(m[2]), nodes: [] };
      placements.push(current);
      if (all) current = undefined;
      continue;
    }
    const node = NODE.exec(raw);
    if (current && node) current.nodes.push(node[1]);
    else if (raw.trim() !== '') current = undefined;
  }
  return { reported: placements.length > 0, placements };
}

/** Nodes ORT left on the CPU while another provider was asked for (the "fell back" list for the UI). */
export function cpuFallback(report: PlacementReport, requested: string): NodePlacement | undefined {
  if (requested === 'wasm' || requested === 'cpu') return undefined;
  return report.placements.find((p) => p.provider === 'CPUExecutionProvider');
}

/** What each execution provider is, in the words the Classify card uses. */
const PROVIDER_WORDS: Record<string, string> = {
  CPUExecutionProvider: 'the CPU (WASM)',
  WebGpuExecutionProvider: 'the GPU (WebGPU)',
  JsExecutionProvider: 'the GPU (WebGPU)',
};
const providerWords = (provider: string) =>
  PROVIDER_WORDS[provider] ?? provider.replace('ExecutionProvider', '');

/**
 * One plain sentence on where the model runs, for people who have never heard of execution providers: "Runs
 * entirely on the CPU (WASM): all 55 operations." or, when WebGPU was asked for and some nodes stayed on the CPU,
 * "Runs on the GPU (WebGPU) except 2 of 63 operations, which fell back to the CPU (WASM)…".
 */
export function describePlacement(report: PlacementReport, requested: string): string {
  if (!report.reported) {
    return 'ONNX Runtime Web did not report where the model runs (it says so only in its verbose log, which was not captured here).';
  }
  const total = report.placements.reduce((n, p) => n + p.count, 0);
  const ops = (n: number) => `${n} operation${n === 1 ? '' : 's'}`;
  if (report.placements.length === 1) {
    const only = report.placements[0];
    return `Runs entirely on ${providerWords(only.provider)}: all ${ops(only.count)} of the model.`;
  }
  const cpu = cpuFallback(report, requested);
  if (cpu) {
    const main = report.placements.find((p) => p !== cpu);
    return (
      `Runs on ${providerWords(main?.provider ?? '')} except ${cpu.count} of ${ops(total)}, which fell back to ` +
      'the CPU (WASM): ONNX Runtime has no GPU kernel for them, and each costs a copy between GPU and CPU memory.'
    );
  }
  const parts = report.placements.map((p) => `${ops(p.count)} on ${providerWords(p.provider)}`);
  return `Split across devices: ${parts.join(', ')}.`;
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Where tapped console lines go while a capture runs (undefined: nowhere). */
let sink: string[] | undefined;
let tapped = false;
let inShaderDump = false;

/**
 * ORT's own verbose chatter: log lines tagged [V:onnxruntime …] / [I:onnxruntime …], and the WGSL its WebGPU EP dumps
 * line by line between "=== WebGPU Shader code … Start ===" and "… End ===" while a verbose session compiles.
 */
export function isOrtVerbose(text: string): boolean {
  if (/^=== WebGPU Shader code .* Start ===$/.test(text)) inShaderDump = true;
  const dump = inShaderDump;
  if (/^=== WebGPU Shader code .* End ===$/.test(text)) inShaderDump = false;
  // The blank lines ORT prints between dumps go too.
  return dump || text.trim() === '' || /\[[VI]:onnxruntime/.test(text);
}

/**
 * Wraps the console methods once. ORT's Emscripten runtime binds console.log/error when its WASM module is first
 * instantiated, so this must run before ORT creates its first session, or its log bypasses the tap. Sessions keep
 * their verbose logger after creation, so ORT's verbose lines are dropped from the console for good.
 */
export function installConsoleTap(): void {
  if (tapped) return;
  tapped = true;
  for (const k of METHODS) {
    const original = console[k];
    console[k] = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      sink?.push(text);
      if (!isOrtVerbose(text)) original.apply(console, args);
    };
  }
}

/** Runs `fn` while collecting console output (see installConsoleTap). Callers serialise captures. */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  installConsoleTap();
  const lines: string[] = [];
  sink = lines;
  try {
    return { value: await fn(), lines };
  } finally {
    sink = undefined;
  }
}
