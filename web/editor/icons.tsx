// Small line icons (24 px grid) for the phone's toolbar, where words do not fit; the
// buttons keep their names for screen readers.
const paths = {
  camera: "M4 8h3l2-3h6l2 3h3v11H4z M12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
  share: "M12 3v12 M7 8l5-5 5 5 M5 13v7h14v-7",
  copy: "M8 8h11v12H8z M5 16V4h11",
  // Into the gallery (a tray), and kept (a tick).
  save: "M12 4v10 M7 9l5 5 5-5 M5 16v4h14v-4",
  saved: "M5 12l5 5 9-10",
};

export function Icon({ name }: { name: keyof typeof paths }) {
  return (
    <svg className="glyph" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={paths[name]} />
    </svg>
  );
}
