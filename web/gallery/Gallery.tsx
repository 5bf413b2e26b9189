"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { useSession } from "../session/session";
import { ItemDialog } from "./ItemDialog";
import { api } from "../jobs/api";
import { chainName, type GalleryItem, itemLabel, itemTitle } from "./types";

const PAGE = 24;
/** The newest items whose images are fetched ahead, so the service worker has them offline. */
const OFFLINE_ITEMS = 8;

/** The signed-in user's conversions, newest first; more load as the end scrolls into view. */
export function Gallery() {
  const user = useSession();
  const [items, setItems] = useState<GalleryItem[]>([]);
  // undefined: nothing loaded yet; null: the last page is in.
  const [cursor, setCursor] = useState<string | null>();
  const [error, setError] = useState<string>();
  const [opened, setOpened] = useState<GalleryItem>();
  const loading = useRef(false);
  const sentinel = useRef<HTMLDivElement>(null);

  const loadMore = useCallback(async () => {
    if (loading.current || cursor === null) return;
    loading.current = true;
    try {
      const { data: page, response } = await api.GET("/api/gallery", { params: { query: { limit: String(PAGE), ...(cursor && { cursor }) } }, cache: "no-store" });
      if (!page) throw new Error(`the server answered ${response.status}`);
      setItems((old) => [...old, ...page.items.filter((i) => !old.some((o) => o.id === i.id))]);
      if (!cursor) {
        for (const item of page.items.slice(0, OFFLINE_ITEMS)) {
          for (const url of [item.thumb, item.result, item.original]) void fetch(url, { priority: "low" }).catch(() => {});
        }
      }
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      setError(`Could not load the gallery: ${e instanceof Error ? e.message : String(e)}.`);
    } finally {
      loading.current = false;
    }
  }, [cursor]);

  // Re-observing after every page also fetches the next one when a page does not fill the screen.
  useEffect(() => {
    const target = sentinel.current;
    if (!user || !target || cursor === null) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: "400px" });
    observer.observe(target);
    return () => observer.disconnect();
  }, [user, cursor, loadMore]);

  if (user === null) {
    return (
      <main className="gallery">
        <h2>Gallery</h2>
        <p>
          <Link href="/login">Log in</Link> to see your gallery. The edits you save while signed in are kept there.
        </p>
      </main>
    );
  }

  return (
    <main className="gallery">
      <h2>Gallery</h2>
      {error && (
        <p role="alert" className="error">
          {error} <button type="button" onClick={() => void loadMore()}>Try again</button>
        </p>
      )}
      {cursor === null && items.length === 0 && <p className="muted">Nothing here yet. Edits you save with “Save to gallery” in the editor appear here, one per photo.</p>}
      <ul className="grid" aria-label="Saved conversions">
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" aria-label={`Open ${itemLabel(item)}`} onClick={() => setOpened(item)}>
              <img src={item.thumb} alt="" loading="lazy" decoding="async" />
              <span className="title">{itemTitle(item)}</span>
              {/* A space between the two, so the text the card shows reads as the start of its name. */}
              {item.fileName && <> <span className="muted steps">{chainName(item.converter)}</span></>}
            </button>
          </li>
        ))}
      </ul>
      <div ref={sentinel} aria-hidden />
      {cursor !== null && user && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
      {opened && (
        <ItemDialog
          item={opened}
          onClose={() => setOpened(undefined)}
          onDeleted={(id) => {
            setItems((old) => old.filter((i) => i.id !== id));
            setOpened(undefined);
          }}
        />
      )}
    </main>
  );
}
