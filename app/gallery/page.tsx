import type { Metadata } from "next";
import { Gallery } from "@/web/gallery/Gallery";

export const metadata: Metadata = { title: "Gallery · Image Editor" };

export default function GalleryPage() {
  return <Gallery />;
}
