// The class names Batch.module.css defines (Next types *.module.css only once next-env.d.ts exists).
declare const styles: {
  readonly [name in
    | "batch" | "head" | "title" | "muted" | "toolbar" | "picker" | "secondary" | "stale" | "list" | "row" | "thumbs" | "thumb" | "arrow"
    | "name" | "remove" | "info" | "sizes" | "progress" | "download" | "error" | "zip"]: string;
};
export default styles;
