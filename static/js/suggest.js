/* Suggestions as you type in the search box: a progressive enhancement over the JSON API.
   Without JavaScript the form submits to /tim-kiem as usual. ARIA 1.2 combobox + listbox. */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = script && script.getAttribute("data-api");
  var input = document.querySelector(".search-form input[name=q]");
  if (!api || !input || !window.fetch || !window.URL) { return; }

  var labels = {
    found: script.getAttribute("data-found") || "{n}",
    none: script.getAttribute("data-none") || ""
  };
  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", script.getAttribute("data-label") || "");
  list.hidden = true;
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");  /* explicit for screen readers that miss the role */
  var row = input.closest(".search-row") || input;
  row.parentNode.insertBefore(list, row.nextSibling);
  row.parentNode.insertBefore(status, list.nextSibling);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  /* No cookie is sent (credentials: "omit"): the page's language travels as Accept-Language. */
  var pageLanguage = document.documentElement.lang || "vi";
  var timer = null;
  var pending = null;
  var active = -1;
  var items = [];

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function go(item) {
    window.location.href = new URL(item.url, window.location.href).pathname;
  }

  function highlight(index) {
    var options = list.children;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(results) {
    list.textContent = "";
    items = results;
    active = -1;
    results.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = "q-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      if (item.name_translated) {  /* the reference translation, the official name beside it */
        var translated = document.createElement("span");
        translated.className = "name-translated";
        translated.lang = pageLanguage;
        translated.textContent = item.name_translated;
        var official = document.createElement("span");
        official.className = "name-official";
        official.lang = "vi";
        official.textContent = item.name;
        option.appendChild(translated);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(official);
      } else {
        option.textContent = item.name;
      }
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { go(item); });
      list.appendChild(option);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    status.textContent = results.length ? labels.found.replace("{n}", results.length) : labels.none;
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query.length < 2) { close(); return; }
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    var url = api + "?suggest=1&limit=6&q=" + encodeURIComponent(query);
    fetch(url, {
      signal: pending ? pending.signal : undefined,
      credentials: "omit",
      headers: { "Accept-Language": pageLanguage }
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === query) { render(data.results || []); } })
      .catch(function () { /* offline or aborted: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      go(items[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();  /* close the list; a second Escape clears the box as usual */
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
