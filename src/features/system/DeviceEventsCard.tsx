// Device-loss events forwarded from the GPU worker, and a button that really destroys the device to test recovery.
import { useMutation } from '@tanstack/react-query';
import { useDeviceEvents } from './device-events-store.ts';
import { Card } from './Facts.tsx';
import type { GpuCall } from './gpu-call.ts';

export function DeviceEventsCard({ gpu }: { gpu: GpuCall }) {
  const events = useDeviceEvents((s) => s.events);
  const lose = useMutation({ mutationFn: () => gpu((api) => api.injectDeviceLoss()) });
  return (
    <Card title="Device events" testId="device-events-card">
      <p>
        A lost GPU device (driver reset, out of memory, tab in the background too long) is replaced by a fresh
        one on the next GPU call. The button destroys the current device to exercise that path.
      </p>
      <button
        type="button"
        className="button"
        onClick={() => lose.mutate()}
        disabled={lose.isPending}
        data-testid="inject-device-loss"
      >
        Lose the GPU device now
      </button>
      {lose.error && (
        <p className="error" role="alert">
          {lose.error.message}
        </p>
      )}
      <ul className="events" aria-live="polite" data-testid="device-events">
        {events.length === 0 ? (
          <li className="muted">No device lost since this page opened.</li>
        ) : (
          events.map((e) => (
            <li key={`${e.at}-${e.reason}`} data-testid="device-event">
              <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleTimeString()}</time> lost
              ({e.reason}){e.message ? `: ${e.message}` : ''}
            </li>
          ))
        )}
      </ul>
    </Card>
  );
}
