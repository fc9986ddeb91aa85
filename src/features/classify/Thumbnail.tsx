// A result card's picture of its image: an object URL of the file itself, made when the card mounts and revoked
// when it unmounts (the list is virtualized, so only the few dozen cards in view hold one). <img> decodes off the
// UI thread and, with image-orientation: from-image (classify.css), shows the photo upright as its EXIF says.
import { useEffect, useState } from 'react';

export function Thumbnail({ image, name }: { image: Blob; name: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(image);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [image]);
  if (url === null) return <span className="thumb" />;
  return (
    <img
      className="thumb"
      data-testid="result-thumb"
      src={url}
      alt={name}
      decoding="async"
      loading="lazy"
      draggable={false}
    />
  );
}
