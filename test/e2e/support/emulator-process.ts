/** The emulator in its own process, shared with the benchmarks: see emulator/process.ts. */
export {
  freeLoopbackPort,
  startEmulatorProcess,
  type EmulatorEnvFile,
  type EmulatorProcess,
  type EmulatorProcessOptions,
} from "../../../emulator/process";
