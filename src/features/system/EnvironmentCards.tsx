// Storage quota and the JS environment (isolation, threads, cores, user agent) as the GPU worker sees them.
import type { EnvironmentFacts } from '../../engine/platform/environment-facts.ts';
import { Card, Facts, Flag } from './Facts.tsx';
import { formatBytes, percent } from './format.ts';

export function EnvironmentCards({ env }: { env: EnvironmentFacts }) {
  const s = env.storage;
  const share = s.usageBytes !== null && s.quotaBytes ? Math.min(1, s.usageBytes / s.quotaBytes) : null;
  return (
    <>
      <Card title="Storage" testId="storage-card">
        {s.supported ? (
          <>
            <Facts
              facts={[
                { term: 'Quota', value: formatBytes(s.quotaBytes), testId: 'storage-quota' },
                {
                  term: 'Used',
                  value: `${formatBytes(s.usageBytes)} (${percent(s.usageBytes, s.quotaBytes)})`,
                  testId: 'storage-usage',
                },
                { term: 'Persistent', value: <Flag on={s.persisted} testId="storage-persisted" /> },
              ]}
            />
            {share !== null && (
              <meter
                className="usage"
                min={0}
                max={1}
                value={share}
                aria-label="Share of the storage quota in use"
              />
            )}
            {s.error && <p className="error">{s.error}</p>}
          </>
        ) : (
          <p data-testid="storage-quota">navigator.storage.estimate() is not available here.</p>
        )}
      </Card>
      <Card title="Environment" testId="environment-card">
        <Facts
          facts={[
            {
              term: 'Cross-origin isolated',
              value: <Flag on={env.crossOriginIsolated} testId="cross-origin-isolated" />,
            },
            {
              term: 'SharedArrayBuffer',
              value: <Flag on={env.sharedArrayBuffer} testId="shared-array-buffer" />,
            },
            {
              term: 'Hardware concurrency',
              value: env.hardwareConcurrency ?? 'unknown',
              testId: 'hardware-concurrency',
            },
            { term: 'Measured in', value: env.scope === 'worker' ? 'the GPU worker' : 'the page' },
            { term: 'User agent', value: <code>{env.userAgent || 'unknown'}</code>, testId: 'user-agent' },
          ]}
        />
      </Card>
    </>
  );
}
