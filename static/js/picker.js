/* The procedure field of the feedback form: type a few words, pick a procedure from the
   suggestions. Without JavaScript the field takes a code or words, and the server answers
   with the matching procedures to choose from: the page never ships the whole catalogue as
   <option>s. Needs combobox.js first. */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = script && script.getAttribute("data-api");
  var input = document.getElementById(script && script.getAttribute("data-input"));
  if (!api || !input || !window.fetch || !window.tthcCombobox) { return; }
  input.parentNode.classList.add("picker");

  function label(item) { return item.name + " (" + item.code + ")"; }

  window.tthcCombobox.attach({
    api: api,
    input: input,
    listId: input.id + "-suggestions",
    anchor: input,
    limit: 8,
    labels: window.tthcCombobox.labelsOf(script),
    fill: function (option, item) {
      option.setAttribute("lang", "vi");
      option.textContent = label(item);
    },
    choose: function (item) { input.value = label(item); },
    skip: function (query) { return /\(\d+\.\d+\)$/.test(query); }  /* already picked */
  });
})();
