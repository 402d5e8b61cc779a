/**
 * Entry: loads the app. The API client throws when the web console was opened without its token,
 * so the app is imported dynamically and that case gets a plain explanation instead of a blank page.
 */
import { createRoot } from 'react-dom/client';
import './styles.css';
import { initialLocale, MESSAGES } from './locales';

const root = createRoot(document.getElementById('root')!);

import('./App')
  .then(({ App }) => root.render(<App />))
  .catch((error: unknown) => {
    console.error(error);
    const m = MESSAGES[initialLocale()].app;
    const noToken = error instanceof Error && error.message.startsWith('missing token');
    root.render(<div className="fatal">{noToken ? m.noToken : m.loadFailed}</div>);
  });
