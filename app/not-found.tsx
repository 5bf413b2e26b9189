import type { Metadata } from "next";
import styles from "./not-found.module.css";

export const metadata: Metadata = { title: "Page not found · Image Editor" };

/** Any URL that names no page. Plain links: the editor is a Pages Router page (see SessionNav). */
export default function NotFound() {
  return (
    <main className={styles.page}>
      <p className={styles.code} aria-hidden="true">
        404
      </p>
      <h2>Page not found</h2>
      <p className="muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <div className={styles.links}>
        <a className="button primary" href="/">
          Open the editor
        </a>
        <a className="button" href="/gallery">
          Go to your gallery
        </a>
      </div>
    </main>
  );
}
