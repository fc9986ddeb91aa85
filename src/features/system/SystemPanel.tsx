// The System screen: what this browser offers the studio, as gathered by the GPU worker, and which inference
// backend follows from it. The page itself does no GPU work.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { proxy } from 'comlink';
import { useEffect } from 'react';
import type { BackendChoice } from '../../engine/platform/backend-choice.ts';
import { AdapterCards } from './AdapterCards.tsx';
import { DeviceEventsCard } from './DeviceEventsCard.tsx';
import { useDeviceEvents } from './device-events-store.ts';
import { EnvironmentCards } from './EnvironmentCards.tsx';
import { Card } from './Facts.tsx';
import type { GpuCall } from './gpu-call.ts';
import { OrtCard } from './OrtCard.tsx';

const systemKey = ['system', 'info'] as const;
const ortKey = ['system', 'ort'] as const;

function BackendCard({ choice }: { choice: BackendChoice }) {
  return (
    <Card title="Inference backend" testId="backend-card">
      <p className="backend">
        <span className={`badge badge-${choice.backend}`} data-testid="backend-choice">
          {choice.backend === 'webgpu' ? 'WebGPU' : 'WASM'}
        </span>
        <span data-testid="backend-reason">{choice.reason}</span>
      </p>
    </Card>
  );
}

/** Subscribes to device losses for as long as the panel is shown, and refreshes the facts after one. */
function useDeviceLossFeed(gpu: GpuCall) {
  const add = useDeviceEvents((s) => s.add);
  const queryClient = useQueryClient();
  useEffect(() => {
    let id: number | undefined;
    let gone = false;
    gpu((api) =>
      api.onDeviceLost(
        proxy((event) => {
          add(event);
          void queryClient.invalidateQueries({ queryKey: systemKey });
        }),
      ),
    ).then(
      (got) => {
        id = got;
        if (gone) void gpu((api) => api.offDeviceLost(got));
      },
      () => undefined, // The worker's failure already shows through the system-info query.
    );
    return () => {
      gone = true;
      if (id !== undefined) void gpu((api) => api.offDeviceLost(id as number));
    };
  }, [gpu, add, queryClient]);
}

export function SystemPanel({ gpu }: { gpu: GpuCall }) {
  const system = useQuery({ queryKey: systemKey, queryFn: () => gpu((api) => api.systemInfo()) });
  const ort = useQuery({ queryKey: ortKey, queryFn: () => gpu((api) => api.ortInfo()) });
  useDeviceLossFeed(gpu);

  return (
    <div className="system">
      <div className="system-head">
        <h1>System</h1>
        <button
          type="button"
          className="button secondary"
          onClick={() => void system.refetch()}
          disabled={system.isFetching}
          data-testid="system-refresh"
        >
          {system.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <p className="lede">
        What this browser offers the studio, measured inside the GPU worker that owns the WebGPU device.
      </p>
      {system.isPending && (
        <p role="status" data-testid="system-loading">
          Asking the GPU worker…
        </p>
      )}
      {system.error && (
        <p className="error" role="alert" data-testid="system-error">
          {system.error.message}
        </p>
      )}
      {system.data && (
        <div className="cards" data-testid="system-info">
          <BackendCard choice={system.data.backend} />
          <OrtCard info={ort.data} error={ort.error} pending={ort.isPending} />
          <AdapterCards webgpu={system.data.webgpu} />
          <EnvironmentCards env={system.data.environment} />
          <DeviceEventsCard gpu={gpu} />
        </div>
      )}
    </div>
  );
}
