"use client";
import { type RefObject, useEffect } from "react";

const CONTROLS = "input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])";

/**
 * Brings the step being edited to the user after they add or pick one: its settings scroll into
 * the panel's view and its first control takes the keyboard. The "Add a step" buttons sit below
 * the settings, so without this a new step's slider opened above the visible part of the panel
 * (333 px above the top of the phone's sheet). A step without settings gets the focus on its own
 * row in the list, where it can be moved, switched off or removed.
 *
 * `request` changes on each add or pick, and only then: an edit, an undo or a new preview never
 * moves the panel under the user's hand.
 */
export function useSettingsFocus(section: RefObject<HTMLElement | null>, request: number) {
  useEffect(() => {
    const root = section.current;
    if (!request || !root) return;
    const settings = root.querySelector<HTMLElement>("[data-step-settings]");
    const control = settings?.querySelector<HTMLElement>(CONTROLS);
    const row = root.querySelector<HTMLElement>('[aria-current="true"]');
    // The settings' top edge (their legend) first, so the user sees what the controls belong to;
    // a phone's sheet is shorter than DeepDream's settings, and their start is what matters.
    if (control && settings) settings.scrollIntoView({ block: "start", inline: "nearest" });
    else {
      settings?.scrollIntoView({ block: "nearest", inline: "nearest" });
      // The row, not its button: the row's scroll margin keeps the button clear of the panel's edge.
      (row?.closest("li") ?? row)?.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    (control ?? row)?.focus({ preventScroll: true });
  }, [request, section]);
}
