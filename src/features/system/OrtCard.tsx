// ONNX Runtime as loaded inside the GPU worker: version, build, and which execution providers really ran.
import type { OrtInfo } from '../../../workers/gpu-api.ts';
import { Card, Facts, Flag } from './Facts.tsx';

interface Props {
  info: OrtInfo | undefined;
  error: Error | null;
  pending: boolean;
}

export function OrtCard({ info, error, pending }: Props) {
  return (
    <Card title="ONNX Runtime" testId="ort-card">
      {pending && (
        <p role="status" data-testid="ort-loading">
          Loading onnxruntime-web in the GPU worker and probing its execution providers…
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="ort-error">
          {error.message}
        </p>
      )}
      {info && (
        <>
          <Facts
            facts={[
              { term: 'Version', value: info.version, testId: 'ort-version' },
              { term: 'Build', value: <code>{info.build}</code> },
              { term: 'WASM threads', value: info.wasmThreads, testId: 'ort-threads' },
              { term: 'Load time', value: `${info.loadMs.toFixed(0)} ms` },
            ]}
          />
          <table className="eps">
            <caption>Execution providers (each ran a one-node Add model)</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Works here</th>
                <th scope="col">Time</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {info.providers.map((p) => (
                <tr key={p.name} data-testid={`ort-ep-${p.name}`}>
                  <th scope="row">{p.name}</th>
                  <td>
                    <Flag on={p.available} testId={`ort-ep-${p.name}-available`} />
                  </td>
                  <td className="time">{p.ms === undefined ? '—' : `${p.ms.toFixed(0)} ms`}</td>
                  <td className="detail">{p.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
