// The Datasets screen: import, the library of stored datasets, and the open dataset's browser.
import { DatasetList } from './DatasetList.tsx';
import { DatasetView } from './DatasetView.tsx';
import { useDatasets } from './datasets-store.ts';
import { ImportPanel } from './ImportPanel.tsx';
import './datasets.css';

export function DatasetsScreen() {
  const openId = useDatasets((s) => s.openId);
  return (
    <section className="ds-screen" aria-labelledby="datasets-title">
      <h1 id="datasets-title">Datasets</h1>
      <div className="ds-top">
        <ImportPanel />
        <DatasetList />
      </div>
      {openId && <DatasetView key={openId} id={openId} />}
    </section>
  );
}
