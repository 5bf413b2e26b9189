import type { ReactNode } from "react";

/** A form that hands its element to `onSubmit` instead of navigating, and says it is busy while `pending`. */
export function BusyForm({ pending, onSubmit, children }: { pending: boolean; onSubmit: (form: HTMLFormElement) => Promise<void>; children: ReactNode }) {
  return (
    <form
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(e.currentTarget);
      }}
    >
      {children}
    </form>
  );
}
