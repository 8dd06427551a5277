// The wall's panels of the other domains — mediation, key projects, reading — in one place.
// Their live topics (mediation.summary, projects.summary, reading.summary) are not served yet:
// until the server knows a topic it answers unknown-topic, and the panel says "no data yet"
// honestly instead of inventing numbers. When a topic arrives, its summary's numeric members are
// shown as figures; name them below (FIELDS) to label them.
import { el } from './format.js';
import { lang, t } from './i18n.js';

export const DOMAINS = [
  { key: 'mediation', topic: 'mediation.summary' },
  { key: 'projects', topic: 'projects.summary' },
  { key: 'reading', topic: 'reading.summary' },
];

// labels for the summaries' members, once they exist: { member: [zh, en] }
const FIELDS = {};

function label(member) {
  const names = FIELDS[member];
  return names ? names[lang === 'en' ? 1 : 0] : member;
}

/** Watches each domain's summary and renders it into panel (an element with a .body). */
export function domainPanels(client, scope, panels) {
  for (const domain of DOMAINS) {
    const panel = panels[domain.key];
    if (!panel) continue;
    const body = panel.querySelector('.body');
    const empty = () => {
      panel.dataset.state = 'no-data';
      body.replaceChildren(el('p', 'no-data', t('no-data')));
    };
    empty();
    client.watch(
      domain.topic,
      scope,
      (summary) => {
        const figures = Object.entries(summary ?? {}).filter(([, v]) => typeof v === 'number');
        if (figures.length === 0) return empty();
        panel.dataset.state = 'live';
        body.replaceChildren(
          ...figures.slice(0, 6).map(([k, v]) => {
            const fig = el('div', 'figure');
            fig.append(el('span', 'value', v.toLocaleString()), el('span', 'label', label(k)));
            return fig;
          }),
        );
      },
      () => empty(), // unknown-topic (not served yet) or forbidden: no data, said so
    );
  }
}
