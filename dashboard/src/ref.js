// The district's reference data (categories, departments, towns), loaded once per page.
import { lang } from './i18n.js';

let loaded = null;

export function reference() {
  loaded ??= Promise.all([
    fetch('/api/v1/categories').then((r) => r.json()),
    fetch('/api/v1/departments').then((r) => r.json()),
    fetch('/api/v1/map/towns.geojson').then((r) => r.json()),
  ]).then(([categories, departments, towns]) => {
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
