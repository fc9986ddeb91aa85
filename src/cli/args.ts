// Command-line parsing for webclas: positionals plus `--name value`, `--name=value` and boolean `--flag`s.
// node:util parseArgs in non-strict mode turns an unknown `--sizes 64` into a boolean and a stray positional,
// and every command has its own options, so flags are declared boolean here and everything else takes a value.

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean>;
}

const booleanFlags = new Set(['help', 'no-tfjs', 'verbose', 'from-scratch', 'allow-unverified']);
const shortFlags: Record<string, string> = { h: 'help', v: 'verbose' };

export function parseCliArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (/^-[a-zA-Z]$/.test(arg)) {
      const name = shortFlags[arg.slice(1)];
      if (!name) throw new Error(`unknown option '${arg}'`);
      options[name] = true;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (!name) throw new Error(`bad option '${arg}'`);
      if (eq >= 0) options[name] = arg.slice(eq + 1);
      else if (booleanFlags.has(name)) options[name] = true;
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new Error(`option --${name} needs a value`);
        options[name] = value;
        i++;
      }
    } else positionals.push(arg);
  }
  return { positionals, options };
}
