/* 朗读 (read aloud) with the browser's own speech synthesis: no external service, nothing
 * leaves the visitor's device. A progressive enhancement only: the button stays hidden where
 * the browser cannot speak, and the page is complete without it. */
(function () {
  "use strict";

  if (!window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  // Long utterances are cut off by some engines: speak sentence by sentence.
  var MAX_CHUNK = 180;

  function language() {
    var lang = document.documentElement.lang || "zh-CN";
    return /^zh/i.test(lang) ? "zh-CN" : lang;
  }

  function chunks(text) {
    var parts = text.replace(/\s+/g, " ").split(/(?<=[。！？；.!?;])/);
    var result = [];
    var current = "";
    parts.forEach(function (part) {
      if ((current + part).length > MAX_CHUNK && current) {
        result.push(current);
        current = "";
      }
      current += part;
      while (current.length > MAX_CHUNK) {
        result.push(current.slice(0, MAX_CHUNK));
        current = current.slice(MAX_CHUNK);
      }
    });
    if (current.trim()) {
      result.push(current);
    }
    return result;
  }

  function content() {
    // The document or article when there is one, else the whole main content.
    var main = document.querySelector("#main article") || document.getElementById("main");
    return main ? main.innerText : "";
  }

  document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
    var label = button.textContent;
    var stopLabel = button.getAttribute("data-label-stop") || label;
    var speaking = false;

    function reset() {
      speaking = false;
      button.textContent = label;
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (speaking) {
        synth.cancel();
        reset();
        return;
      }
      var pieces = chunks(content());
      if (!pieces.length) {
        return;
      }
      synth.cancel();
      speaking = true;
      button.textContent = stopLabel;
      pieces.forEach(function (piece, index) {
        var utterance = new window.SpeechSynthesisUtterance(piece);
        utterance.lang = language();
        if (index === pieces.length - 1) {
          utterance.onend = reset;
        }
        utterance.onerror = reset;
        synth.speak(utterance);
      });
    });
    window.addEventListener("pagehide", function () {
      synth.cancel();
    });
  });
})();
