/** While files are dragged over the window: a calm "drop to import". The door (preload / web-shell client) takes the drop. */
import { useEffect, useState } from 'react';
import { Icon } from './Icon';

export function DropOverlay() {
  const [active, setActive] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth += 1;
      setActive(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    const end = () => {
      depth = 0;
      setActive(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', end);
    window.addEventListener('dragend', end);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', end);
      window.removeEventListener('dragend', end);
    };
  }, []);
  if (!active) return null;
  return (
    <div className="drop-overlay" aria-hidden>
      <div className="card">
        <div className="icon-circle">
          <Icon name="upload" size={26} />
        </div>
        <h2>Drop to import</h2>
        <p className="muted">A WhatsApp export: the .zip or the .txt</p>
      </div>
    </div>
  );
}
