import type { MetadataRoute } from "next";

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Image Editor",
    short_name: "Editor",
    description: "Edit photos on your device, offline if need be.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f9fafb",
    theme_color: "#1f2937",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    screenshots: [
      { src: "/screenshots/narrow.webp", sizes: "540x1170", type: "image/webp", form_factor: "narrow", label: "Compare a photo before and after on a phone" },
      { src: "/screenshots/wide.webp", sizes: "1280x800", type: "image/webp", form_factor: "wide", label: "The editor: converters, steps and the before/after slider" },
    ],
    categories: ["photo", "productivity"],
    // Sharing a photo from another app opens the editor with it (web/sw/share-target.ts).
    share_target: {
      action: "/share",
      method: "POST",
      enctype: "multipart/form-data",
      params: { files: [{ name: "image", accept: ["image/*", ".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff"] }] },
    },
  };
}
