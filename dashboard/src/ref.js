// The district's reference data (categories, departments, towns), loaded once per page (and
// waited for while the server is away).
import { lang } from './i18n.js';
import { patiently } from './session.js';

let loaded = null;

async function read(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

export function reference() {
  loaded ??= patiently(() =>
    Promise.all([read('/api/v1/categories'), read('/api/v1/departments'), read('/api/v1/map/towns.geojson')]),
  ).then(([categories, departments, towns]) => {
    const cats = new Map(categories.categories.map((c) => [c.code, c]));
    const depts = new Map(departments.map((d) => [d.code, d]));
    const townNames = new Map(towns.features.map((f) => [f.properties.code, f.properties]));
    const name = (item, code) => (item ? (lang === 'en' ? item.nameEn ?? item.name : item.name) : code);
    return {
      categories: categories.categories,
      departments,
      towns,
      category: (code) => name(cats.get(code), code),
      department: (code) => name(depts.get(code), code),
      town: (code) => name(townNames.get(code), code),
    };
  });
  return loaded;
}
