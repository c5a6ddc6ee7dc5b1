/* Suggestions as you type in the search box: a progressive enhancement over the JSON API.
   Without JavaScript the form submits to /tim-kiem as usual. Needs combobox.js first. */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = script && script.getAttribute("data-api");
  var input = document.querySelector(".search-form input[name=q]");
  if (!api || !input || !window.fetch || !window.URL || !window.tthcCombobox) { return; }
  var pageLanguage = document.documentElement.lang || "vi";

  function span(className, language, text) {
    var element = document.createElement("span");
    element.className = className;
    element.lang = language;
    element.textContent = text;
    return element;
  }

  window.tthcCombobox.attach({
    api: api,
    input: input,
    listId: "q-suggestions",
    optionPrefix: "q-suggestion-",
    anchor: input.closest(".search-row") || input,
    limit: 6,
    language: pageLanguage,
    labels: window.tthcCombobox.labelsOf(script),
    politeStatus: true,
    fill: function (option, item) {
      if (item.name_translated) {  /* the reference translation, the official name beside it */
        option.appendChild(span("name-translated", pageLanguage, item.name_translated));
        option.appendChild(document.createTextNode(" "));
        option.appendChild(span("name-official", "vi", item.name));
      } else {
        option.textContent = item.name;
      }
    },
    choose: function (item) {
      window.location.href = new URL(item.url, window.location.href).pathname;
    }
  });
})();
