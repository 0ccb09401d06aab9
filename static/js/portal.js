/* Progressive enhancement for the public pages. Everything here also works without it:
 * the text-size buttons are a plain form that posts to the server. */
(function () {
  "use strict";

  // The cookie portal.views.text_size sets; the server reads it to render the next page.
  var COOKIE = "text_size";
  var SIZES = ["large", "small"]; // anything else is the normal size (no cookie)
  var ONE_YEAR = 365 * 24 * 3600;

  function setTextSize(size) {
    var kept = SIZES.indexOf(size) >= 0;
    var attributes = "; Path=/; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    document.cookie = kept
      ? COOKIE + "=" + size + "; Max-Age=" + ONE_YEAR + attributes
      : COOKIE + "=; Max-Age=0" + attributes;
    SIZES.forEach(function (name) {
      document.documentElement.classList.toggle(name + "-text", name === size);
    });
    var current = kept ? size : "normal";
    document.querySelectorAll("[data-text-size] button[name='size']").forEach(function (button) {
      // The header's switch offers standard and large: small text there counts as standard.
      var shown = button.closest(".doc-text-size") || current !== "small" ? current : "normal";
      button.setAttribute("aria-pressed", String(button.value === shown));
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.matches("[data-text-size]") || !button || button.name !== "size") {
      // Not ours, or a browser without event.submitter: let the form post as usual.
      return;
    }
    event.preventDefault();
    setTextSize(button.value);
  });

  // 打印 on a document page: the browser's own print (the print stylesheet does the rest).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
