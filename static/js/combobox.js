/* A text box with suggestions from the JSON search API, as an ARIA 1.2 combobox + listbox.
   Shared by the search box (suggest.js) and the feedback form's procedure field (picker.js):
   each says where the list goes, how an option reads and what choosing one does. */
(function () {
  "use strict";

  /* options: api, input, listId, optionPrefix (option ids; default listId + "-"), anchor (the
     list goes after it), limit, language (sent as Accept-Language; omitted when absent),
     fill(option, item), choose(item), skip(query), labels: {found, none, list}, politeStatus. */
  function combobox(options) {
    var input = options.input;
    var list = document.createElement("ul");
    list.id = options.listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", options.labels.list || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    if (options.politeStatus) {
      status.setAttribute("aria-live", "polite");  /* explicit for screen readers that miss the role */
    }
    var anchor = options.anchor;
    anchor.parentNode.insertBefore(list, anchor.nextSibling);
    anchor.parentNode.insertBefore(status, list.nextSibling);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

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

    function choose(item) {
      options.choose(item);
      close();
    }

    function highlight(index) {
      var children = list.children;
      for (var i = 0; i < children.length; i++) {
        children[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", children[index].id);
        children[index].scrollIntoView({ block: "nearest" });
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
        option.id = (options.optionPrefix || list.id + "-") + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        options.fill(option, item);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(item); });
        list.appendChild(option);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length
        ? options.labels.found.replace("{n}", results.length) : options.labels.none;
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < 2 || (options.skip && options.skip(query))) { close(); return; }
      if (pending) { pending.abort(); }
      pending = window.AbortController ? new AbortController() : null;
      var url = options.api + "?suggest=1&limit=" + options.limit + "&q=" + encodeURIComponent(query);
      /* No cookie is sent (credentials: "omit"): the page's language travels as Accept-Language. */
      var init = { signal: pending ? pending.signal : undefined, credentials: "omit" };
      if (options.language) { init.headers = { "Accept-Language": options.language }; }
      fetch(url, init)
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === query) { render(data.results || []); } })
        .catch(function () { /* offline or aborted: the form still works without suggestions */ });
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
        event.preventDefault();  /* choose, do not send the form */
        choose(items[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();  /* close the list; a second Escape clears the box as usual */
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* The labels a page gives its script tag: data-found ("{n}" is the count), data-none, data-label. */
  function labelsOf(script) {
    return {
      found: script.getAttribute("data-found") || "{n}",
      none: script.getAttribute("data-none") || "",
      list: script.getAttribute("data-label") || ""
    };
  }

  window.tthcCombobox = { attach: combobox, labelsOf: labelsOf };
})();
