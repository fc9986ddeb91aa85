// Screens whose features land in later issues: each says, in one honest sentence, what it will hold.
// Nothing here pretends to work: no buttons, no sample data.

type PlannedId = 'classify' | 'datasets' | 'train' | 'models' | 'compare';

const plans: Record<PlannedId, { title: string; plan: string }> = {
  classify: {
    title: 'Classify',
    plan: 'Will label your photos with a zoo or fine-tuned model, running entirely in this browser, with top-5 scores per image.',
  },
  datasets: {
    title: 'Datasets',
    plan: 'Will import image folders, PaddleClas lists and archives, check every file, and split them into train and validation sets.',
  },
  train: {
    title: 'Train',
    plan: 'Will fine-tune a pretrained backbone on your dataset with WebGPU kernels and GPU augmentation, showing loss and accuracy live.',
  },
  models: {
    title: 'Models',
    plan: 'Will list the model zoo and your own models, download them with integrity checks, and keep them for offline use.',
  },
  compare: {
    title: 'Compare',
    plan: 'Will compare models on the same images side by side: accuracy, confusions and speed.',
  },
};

export function PlannedScreen({ screen }: { screen: PlannedId }) {
  const { title, plan } = plans[screen];
  return (
    <section className="planned" aria-labelledby={`${screen}-title`}>
      <h1 id={`${screen}-title`}>{title}</h1>
      <p className="planned-text" data-testid="screen-plan">
        {plan}
      </p>
      <p className="planned-note">Not built yet.</p>
    </section>
  );
}
