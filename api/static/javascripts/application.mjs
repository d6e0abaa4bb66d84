// Start GOV.UK Frontend's components (error summary focus, service navigation menu, and so on).
// Everything works without JavaScript; this only improves it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
