// The body editor's toolbar in the page's language (portal/richtext.py). django-prose-editor
// writes its buttons' titles and menu options in English; each is looked up in the admin's
// JavaScript catalog (portal/jscatalog), as the package's own dialog texts are.
(function () {
  "use strict";
  const translate = window.gettext;
  if (!translate) return;
  const say = (text) => {
    const trimmed = (text || "").trim();
    const said = trimmed && translate(trimmed);
    return said && said !== trimmed ? said : null;
  };
  const localise = (root) => {
    root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]").forEach((el) => {
      for (const name of ["title", "aria-label"]) {
        const said = say(el.getAttribute(name));
        if (said) el.setAttribute(name, said);
      }
    });
    root.querySelectorAll(
      ".prose-menubar__option > *, .prose-menubar__button:not(.material-icons)"
    ).forEach((el) => {
      if (el.children.length) return;
      const said = say(el.textContent);
      if (said) el.textContent = said;
    });
  };
  // Images from the record's own attachments (the widget lists them; nothing else is offered).
  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    // The editable area is named after the field's label, as the textarea was.
    const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      editor.view.dom.setAttribute("aria-label", label.textContent.replace(/[:：]\s*$/, "").trim());
    }
    const picker = document.querySelector(`.richtext-images[data-for="${textarea.id}"]`);
    if (!picker) return;
    const select = picker.querySelector("select");
    picker.querySelector("button").addEventListener("click", () => {
      const option = select.selectedOptions[0];
      if (!option) return;
      const image = document.createElement("img");
      image.setAttribute("src", option.value);
      image.setAttribute("alt", option.textContent.trim());
      editor.chain().focus().insertContent(image.outerHTML).run();
    });
    picker.hidden = false;
  });
  const observer = new MutationObserver(() => localise(document));
  const start = () => {
    localise(document);
    observer.observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
