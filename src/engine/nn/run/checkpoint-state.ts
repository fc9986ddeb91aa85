// What a checkpoint holds of a driver and how it goes back in: the executor's state tensors (params, running
// stats, optimizer state), its optimizer step count, and the driver's extra state (EMA shadows, `ema:<tensor>`).
import type { CheckpointRow, StoredTensor } from './checkpoint-store.ts';
import type { EpochDriver } from './driver.ts';

export type DriverState = Pick<CheckpointRow, 'tensors' | 'extra' | 'optimizerSteps'>;

/** Reads the driver's state back from the GPU; `extra` is left out when the driver keeps none. */
export async function readDriverState(driver: EpochDriver): Promise<DriverState> {
  const exec = driver.exec;
  const tensors: StoredTensor[] = [];
  for (const name of exec.stateTensors())
    tensors.push({ name, data: (await exec.readParam(name)).slice().buffer });
  const extra = ((await driver.readExtraState?.()) ?? []).map((t) => ({
    name: t.name,
    data: t.data.slice().buffer,
  }));
  return { tensors, optimizerSteps: exec.optimizerSteps, ...(extra.length > 0 ? { extra } : {}) };
}

/** Writes a checkpoint's state into a freshly built driver of the same run. */
export async function restoreDriverState(
  driver: EpochDriver,
  ckpt: DriverState & Pick<CheckpointRow, 'epoch'>,
): Promise<void> {
  for (const t of ckpt.tensors) driver.exec.writeState(t.name, new Float32Array(t.data));
  driver.exec.optimizerSteps = ckpt.optimizerSteps;
  const extra = (ckpt.extra ?? []).map((t) => ({ name: t.name, data: new Float32Array(t.data) }));
  if (!driver.restoreExtraState) {
    if (extra.length > 0)
      throw new Error(
        `checkpoint of epoch ${ckpt.epoch}: '${extra[0].name}' is driver state this run's driver does not keep`,
      );
    return;
  }
  // Its errors name the tensor; they are not wrapped, so a lost device still reads as one.
  await driver.restoreExtraState(extra);
}
