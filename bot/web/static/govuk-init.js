// GOV.UK Frontend's components, started from a file (the Content-Security-Policy allows no inline script).
import { initAll } from "/assets/vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
