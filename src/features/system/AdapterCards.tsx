// The WebGPU adapter the worker's device came from: identity, software/fallback flags, features and limits.
import type { WebGpuFacts } from '../../../workers/gpu-api.ts';
import { CamelBreaks, Card, Facts, Flag } from './Facts.tsx';
import { formatLimit, isByteLimit } from './format.ts';

// The optional features the engine can take advantage of; the full list follows them.
const keyFeatures = ['shader-f16', 'timestamp-query', 'subgroups'] as const;

export function AdapterCards({ webgpu }: { webgpu: WebGpuFacts }) {
  const a = webgpu.adapter;
  if (!webgpu.available || !a) {
    return (
      <Card title="WebGPU adapter" testId="adapter-card">
        <p data-testid="adapter-missing">
          {webgpu.available
            ? 'navigator.gpu exists in the GPU worker, but requestAdapter() returned no adapter.'
            : 'navigator.gpu is missing in the GPU worker: this browser offers no WebGPU here.'}
        </p>
      </Card>
    );
  }
  const dash = (s: string) => s || '—';
  return (
    <>
      <Card title="WebGPU adapter" testId="adapter-card">
        <Facts
          facts={[
            { term: 'Vendor', value: dash(a.vendor), testId: 'adapter-vendor' },
            { term: 'Architecture', value: dash(a.architecture), testId: 'adapter-architecture' },
            { term: 'Device', value: dash(a.device), testId: 'adapter-device' },
            { term: 'Description', value: dash(a.description), testId: 'adapter-description' },
            { term: 'Fallback adapter', value: <Flag on={a.isFallbackAdapter} testId="adapter-fallback" /> },
            {
              term: 'Software (CPU) implementation',
              value: <Flag on={a.isSoftware} testId="adapter-software" />,
            },
            { term: 'Preferred canvas format', value: dash(webgpu.preferredCanvasFormat ?? '') },
            { term: 'Devices lost so far', value: webgpu.devicesLost, testId: 'devices-lost' },
          ]}
        />
        {webgpu.deviceError && (
          <p className="error" data-testid="device-error">
            No device: {webgpu.deviceError}
          </p>
        )}
      </Card>
      <Card title="Features" testId="features-card">
        <Facts
          facts={keyFeatures.map((f) => ({
            term: f,
            value: <Flag on={a.features.includes(f)} testId={`feature-${f}`} />,
          }))}
        />
        <h3>All adapter features ({a.features.length})</h3>
        <ul className="chips" data-testid="feature-list">
          {a.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
        {webgpu.wgslLanguageFeatures.length > 0 && (
          <>
            <h3>WGSL language features ({webgpu.wgslLanguageFeatures.length})</h3>
            <ul className="chips">
              {webgpu.wgslLanguageFeatures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </>
        )}
      </Card>
      <Card title="Key limits" testId="limits-card">
        <Facts
          wideTerms
          facts={Object.entries(a.limits).map(([name, value]) => ({
            term: name,
            label: <CamelBreaks name={name} />,
            // Byte sizes show units; the exact count stays one hover away.
            value: isByteLimit(name) ? (
              <span title={`${value.toLocaleString('en-US')} bytes`}>{formatLimit(name, value)}</span>
            ) : (
              formatLimit(name, value)
            ),
            testId: `limit-${name}`,
          }))}
        />
      </Card>
    </>
  );
}
