// webclas: the studio's headless CLI. Runs engine tasks in headless Chromium (default) or in Node/Dawn.
// Output: JSON lines on stdout, progress on stderr, `{"error": …}` and exit 1 on failure.
import type { TaskArgs, TaskIO } from '../engine/tasks/task-types.ts';
import { parseCliArgs } from './args.ts';
import { runBenches } from './bench.ts';
import { checkOptions } from './known-options.ts';
import { emitJson, fail, progress } from './output.ts';
import { parseRuntime, runTask } from './runtime/run-task.ts';
import { TRAIN_HELP } from './train.ts';

const usage = `usage: webclas <command> [options]
commands:
  gpu-info                       the WebGPU adapter and device the studio gets, as JSON
  bench [NAME...]                benchmarks, each against its usual baseline in the same run (default: all)
                                 matmul   --sizes 256,1024,2048 --min-ms 1500 --no-tfjs
                                 augment  --batch 64 --size 224 --no-tfjs --no-cpu
                                 models   --models ID,… --backends webgpu,wasm,engine --batch 1,16 --runs N --warmup N
                                 classify --images N --batch N
                                 import   (flowers12 import vs plain createImageBitmap decoding)
                                 train    --size 32 --batch 2 --steps 3 --warmup 1 --modes full,head --no-tfjs
                                          (our training step vs TF.js tf.layers MobileNetV2 on WebGPU)
                                 all: --out DIR (JSON results, default bench-results/)
  classify --model ID|FILE [--variant V] [--labels FILE] [--backend auto|webgpu|wasm] [--top K] IMAGES...
                                 one JSON line per image with its top-k classes; a zoo variant with no pinned
                                 sha256 runs only with --allow-unverified
  import-check DIR|ARCHIVE       detect and validate a dataset folder or archive, print a JSON report
${TRAIN_HELP}
  eval --model FILE.onnx --data DIR [--size N] [--split all|train|val] [--val-split F] [--split-seed S]
        [--backend engine|wasm]  {top1, top5, per_class, confusion} from the engine's GPU eval forward; --split
                                 val/train default to the cut the model's training metadata records
options:
  --runtime browser|node         where the engine runs (default browser: headless Chromium)
  -h, --help                     this text`;

async function main(argv: string[]): Promise<void> {
  const { options: values, positionals } = parseCliArgs(argv);
  const [command, ...rest] = positionals;
  if (values.help) {
    process.stderr.write(`${usage}\n`);
    return;
  }
  if (!command) {
    process.stderr.write(`${usage}\n`);
    throw new Error('no command given (run webclas --help)');
  }
  checkOptions(command, values);
  const runtime = parseRuntime(values.runtime);
  const io: TaskIO = { emit: emitJson, progress };
  const args = values as TaskArgs;
  switch (command) {
    case 'gpu-info':
      return runTask(runtime, 'gpu-info', args, io);
    case 'bench':
      return runBenches(runtime, rest, args);
    case 'classify':
      return (await import('./classify.ts')).classifyCommand(rest, args, runtime, io);
    case 'train':
      return (await import('./train.ts')).trainCommand(args, runtime, io);
    case 'eval':
      return (await import('./eval.ts')).evalCommand(args, runtime, io);
    case 'import-check': {
      if (!rest[0])
        throw new Error('import-check needs a folder or archive: webclas import-check DIR|ARCHIVE');
      const { importCheck } = await import('./import-check.ts');
      emitJson(await importCheck(rest[0]));
      return;
    }
    default:
      throw new Error(`unknown command '${command}' (run webclas --help)`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => fail(err),
);
