/* "Share this page": the phone's own share sheet (Web Share API: Zalo, Messenger, SMS appear
   there), or copying the link where there is none. No third-party script, nothing loaded. */
(function () {
  "use strict";
  document.querySelectorAll("[data-share-url]").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title") || document.title;
    var button = box.querySelector("button");
    var status = box.querySelector(".share-status");
    if (!url || !button || !status) { return; }
    box.hidden = false;

    function showLink() {
      // Last resort: the link selected in a field, for the person to copy by hand.
      status.textContent = status.getAttribute("data-manual") + " ";
      var field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.value = url;
      field.className = "share-link";
      field.setAttribute("aria-label", status.getAttribute("data-manual"));
      status.appendChild(field);
      field.focus();
      field.select();
    }

    function copy() {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = status.getAttribute("data-copied");
        }, showLink);
      } else {
        showLink();
      }
    }

    button.addEventListener("click", function () {
      status.textContent = "";
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function (error) {
          if (!error || error.name !== "AbortError") { copy(); }
        });
      } else {
        copy();
      }
    });
  });
})();
