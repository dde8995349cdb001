import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import './styles/frame.css';
import './styles/banner.css';
import './styles/member.css';
import './styles/side.css';
import './styles/session.css';

// Translations are bundled and initialised synchronously, so the first paint is already in the
// desk's language (no flash of keys or of the wrong locale).
const i18n = initI18n();
document.title = i18n.t('app.title');
i18n.on('languageChanged', () => {
  document.title = i18n.t('app.title');
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
