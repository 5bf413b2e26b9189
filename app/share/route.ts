import { NextResponse } from "next/server";

// The share target is handled by the service worker, which keeps the photo on the device. This
// answers only when no service worker is in control yet (the app was never opened online).
export function POST(request: Request) {
  return NextResponse.redirect(new URL("/?shared=unsupported", request.url), 303);
}
