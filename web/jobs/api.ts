// The page's and the service worker's client of the API: same origin, typed by the contract.
import { apiClient } from "../../contract/client";

export const api = apiClient();
