import { Command, CommanderError, Option, type Argument } from 'commander';
import { VerifyError, asVerifyError } from '../errors/index.js';
import { EXIT } from './exit-codes.js';
import { didYouMean, suggestNames } from './suggest.js';

/**
 * Usage errors, one style for every command: the command line is wrong (an
 * unknown command or flag, a missing or malformed flag, flags that cannot go
 * together), so nothing ran. Text: `Error: <reason>` and where to read the
 * usage, on stderr. With `--format json`, also a JSON document on stdout
 * (verdict "ERROR" and the code), so a pipeline parsing stdout never reads
 * nothing. Exit 2.
 */

const REQUIRED = new WeakSet<Option>();
const REQUIRED_HEADING = 'Required options:';

/** Marks an option (by its long flag) as one the command cannot run without. */
export function markRequired(cmd: Command, long: string): Command {
  const option = cmd.options.find((o) => o.long === long);
  if (!option) throw new Error(`${cmd.name()} has no option ${long}`);
  REQUIRED.add(option);
  return cmd;
}

/** "verify-artifact", "policy explain"; null for the program itself. */
export function commandPath(cmd: Command | undefined): string | null {
  const names: string[] = [];
  for (let c = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length > 0 ? names.join(' ') : null;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

function argumentName(arg: Argument): string {
  const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
  return arg.required ? `<${name}>` : `[${name}]`;
}

/** The state of one parse: which command reported an error (commander tells only its message). */
interface ParseState {
  failing: Command | undefined;
}

/**
 * Applies the shared command-line rules to every command of the program, so
 * each command gets them however it is defined:
 * - required options are checked after unknown flags (commander checks them
 *   first, so `--provenance X` was reported as a missing `--provenance-path`);
 * - `--help` lists required options first, under their own heading, and the
 *   usage line names them;
 * - every command accepts `--no-color`;
 * - errors are not printed by commander but by reportCommanderError.
 */
export function finishProgram(program: Command): ParseState {
  const state: ParseState = { failing: undefined };
  for (const cmd of allCommands(program)) {
    cmd.configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => {
        state.failing = cmd;
      },
    });
    cmd.showSuggestionAfterError(false);
    if (cmd.commands.length > 0) continue;
    if (!cmd.options.some((o) => o.long === '--no-color')) cmd.option('--no-color', 'never colour the output (NO_COLOR is honoured too)');
    for (const option of cmd.options) {
      if (option.mandatory) {
        option.makeOptionMandatory(false);
        REQUIRED.add(option);
      }
    }
    const required = cmd.options.filter((o) => REQUIRED.has(o));
    if (required.length === 0) continue;
    for (const option of required) option.helpGroup(REQUIRED_HEADING);
    const others = cmd.options.filter((o) => !REQUIRED.has(o));
    (cmd.options as Option[]).splice(0, cmd.options.length, ...required, ...others);
    cmd.usage([...required.map((o) => o.flags), '[options]', ...cmd.registeredArguments.map(argumentName)].join(' '));
  }
  program.hook('preAction', (_program, actionCommand) => {
    const missing = actionCommand.options.filter((o) => REQUIRED.has(o) && actionCommand.getOptionValue(o.attributeName()) === undefined);
    if (missing.length > 0) {
      const s = missing.length === 1 ? '' : 's';
      actionCommand.error(`missing required option${s} ${missing.map((o) => o.flags).join(', ')}`, { code: 'slsa-verify.missingRequired', exitCode: EXIT.usage });
    }
  });
  return state;
}

/** Whether the user asked for JSON: `--format json` or `--format=json` among the arguments (parsing may have stopped before it). */
export function wantsJson(argv: readonly string[]): boolean {
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--format') json = argv[i + 1] === 'json';
    else if (arg.startsWith('--format=')) json = arg === '--format=json';
  }
  return json;
}

/** Prints a usage error in the one style and returns the exit code (2). */
export function reportUsage(command: string | null, error: VerifyError, json: boolean): number {
  const help = command === null ? 'slsa-verify --help' : `slsa-verify ${command} --help`;
  process.stderr.write(`Error: ${error.message}\n`);
  if (error.code === 'ErrorUsage') process.stderr.write(`Run '${help}' for usage.\n`);
  if (json) {
    const document = { schemaVersion: 1, command, verdict: 'ERROR', error: { code: error.code, message: error.message } };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
  return EXIT.usage;
}

/**
 * For a command's own checks of its flags, before it runs: the same style as
 * the parser's errors (`Error: ...`, JSON with --format json), exit 2.
 */
export function usageFailure(command: string, err: unknown, format: string | undefined): number {
  return reportUsage(command, asVerifyError(err), format === 'json');
}

function longFlags(cmd: Command): string[] {
  return cmd.options.flatMap((o) => (o.long ? [o.long] : []));
}

/** The reason, reworded where commander's wording misleads, with suggestions from the names the CLI defines. */
function describeCommanderError(err: CommanderError, cmd: Command, program: Command, argv: readonly string[]): string {
  const detail = err.message.replace(/^error: /, '').replace(/\n\(Did you mean .*\)$/s, '');
  if (err.code === 'commander.unknownOption') {
    const flag = /^unknown option '(.*)'$/s.exec(detail)?.[1] ?? '';
    const name = flag.split('=')[0]!;
    const here = suggestNames(name, [...longFlags(cmd), '--help']);
    if (here.length > 0) return `unknown option '${name}'${didYouMean(here)}`;
    // A flag of another command: say which, rather than guess.
    const owners = allCommands(program).filter((c) => c !== cmd && c.commands.length === 0 && longFlags(c).includes(name)).map((c) => commandPath(c));
    if (owners.length > 0) return `unknown option '${name}' for ${commandPath(cmd) ?? 'slsa-verify'} (it is an option of ${owners.join(', ')})`;
    return `unknown option '${name}'`;
  }
  if (err.code === 'commander.unknownCommand') {
    const word = /^unknown command '(.*)'$/s.exec(detail)?.[1] ?? argv[0] ?? '';
    const names = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    return `unknown command '${word}'${didYouMean(suggestNames(word, names))}`;
  }
  return detail;
}

/**
 * Turns a commander parse failure into the exit code, printing it as a usage
 * error. Help and --version are successes; help shown because a command was
 * missing (`slsa-verify policy`) is exit 2 with the help as its message.
 */
export function reportCommanderError(err: CommanderError, state: ParseState, program: Command, argv: readonly string[]): number {
  if (err.exitCode === 0) return EXIT.verified;
  if (err.code === 'commander.help' || err.code === 'commander.helpDisplayed') return EXIT.usage;
  const cmd = state.failing ?? program;
  const message = describeCommanderError(err, cmd, program, argv);
  return reportUsage(commandPath(cmd), new VerifyError('ErrorUsage', message), wantsJson(argv));
}
