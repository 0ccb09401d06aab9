/* Progressive enhancement for the public pages. Everything here also works without it:
 * the text-size buttons are a plain form that posts to the server. */
(function () {
  "use strict";

  // The cookie portal.views.text_size sets; the server reads it to render the next page.
  var COOKIE = "text_size";
  var LARGE = "large";
  var ONE_YEAR = 365 * 24 * 3600;

  function setTextSize(size) {
    var large = size === LARGE;
    var attributes = "; Path=/; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    document.cookie = large
      ? COOKIE + "=" + LARGE + "; Max-Age=" + ONE_YEAR + attributes
      : COOKIE + "=; Max-Age=0" + attributes;
    document.documentElement.classList.toggle("large-text", large);
    document.querySelectorAll("[data-text-size] button[name='size']").forEach(function (button) {
      button.setAttribute("aria-pressed", String((button.value === LARGE) === large));
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
})();
