/**
 * The catalogue's items by code, for trigger editors and trigger sentences. The whole catalogue is
 * small (under a hundred items), so it is read once per page load and shared.
 */
import { useEffect, useState } from 'react';
import type { CatalogueItem } from '../../../../preload/contract';
import { api } from '../../api';

let cache: Promise<CatalogueItem[]> | null = null;

function loadOnce(): Promise<CatalogueItem[]> {
  cache ??= api.catalogue.search({ q: '', limit: 100 }).then((r) => {
    if (r.ok) return r.data;
    cache = null; // try again next time
    return [];
  });
  return cache;
}

export function useCatalogueNames(): { items: CatalogueItem[]; name(code: string): string } {
  const [items, setItems] = useState<CatalogueItem[]>([]);
  useEffect(() => {
    let alive = true;
    void loadOnce().then((list) => {
      if (alive) setItems(list);
    });
    return () => {
      alive = false;
    };
  }, []);
  const byCode = new Map(items.map((i) => [i.code, i.name]));
  return { items, name: (code) => byCode.get(code) ?? code };
}
