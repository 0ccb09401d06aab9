// Names for what the admin's third-party widgets leave unnamed (axe: "Form elements must have
// labels"). Select2's search box of a multiple choice (autocomplete_fields) is named after the
// field's label; it is drawn again whenever the choice changes, hence the observer.
(function () {
  "use strict";
  const name = () => {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach((field) => {
      const container = field.closest(".select2-container");
      const select = container && container.previousElementSibling;
      const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
      const text = label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
      if (text) field.setAttribute("aria-label", text);
    });
  };
  const start = () => {
    name();
    new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
