/* The staff editor's repeated parts (channels, fees, documents, steps, legal basis), done in
   place: remove and move rename the inputs the way tthc/admin/modelform.py reads them
   ("channels.0.fees.1.amount" and the "<list>.__n" counts); add asks the server for the blank
   item with the same form post the button makes (op=add:<list>), so defaults are the server's,
   and nothing is saved. Without this script, or where it cannot help, the buttons post the
   form as before. Leaving the page with unsaved changes asks first. */
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form.editor-form");
  if (!script || !form || !window.fetch || !window.DOMParser || !window.FormData) { return; }
  var text = function (key) { return script.getAttribute("data-" + key) || ""; };
  var dirty = false;
  var submitting = false;

  var live = document.createElement("div");
  live.className = "visually-hidden editor-live";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");
  form.appendChild(live);
  function say(key, label) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text(key).replace("{item}", label); }, 50);
  }

  function idOf(path) { return "f-" + path.replace(/\./g, "-"); }
  function renamed(value, from, to) {
    if (value === from) { return to; }
    if (value.indexOf(from + ".") === 0) { return to + value.slice(from.length); }
    return null;
  }
  function renamedId(value, from, to) {
    var a = idOf(from);
    if (value === a || value.indexOf(a + "-") === 0) { return idOf(to) + value.slice(a.length); }
    return null;
  }

  // The items of a list: its direct children with their own remove button.
  function listOf(button) {
    var list = button.closest("fieldset.editor-list");
    if (!list || list.closest("form") !== form) { return null; }
    var count = null;
    Array.prototype.forEach.call(list.children, function (child) {
      if (child.matches("input[type=hidden]") && /\.__n$/.test(child.name)) { count = child; }
    });
    if (!count) { return null; }
    return { el: list, path: count.name.slice(0, -4), count: count };
  }
  function actionsOf(item) {
    for (var i = 0; i < item.children.length; i++) {
      if (item.children[i].classList.contains("item-actions")) { return item.children[i]; }
    }
    return null;
  }
  function itemsOf(list) {
    return Array.prototype.filter.call(list.el.children, function (child) {
      var actions = actionsOf(child);
      return actions && actions.querySelector("button[value^='remove:']");
    });
  }
  function pathOf(item) {
    return actionsOf(item).querySelector("button[value^='remove:']").value.slice(7);
  }

  // Give item its path `to`: every name, id, label, description and button value below it.
  function rename(item, from, to, index) {
    var all = [item].concat(Array.prototype.slice.call(item.querySelectorAll("*")));
    all.forEach(function (el) {
      var v;
      if (el.name && (v = renamed(el.name, from, to)) !== null) { el.name = v; }
      if (el.id && (v = renamedId(el.id, from, to)) !== null) { el.id = v; }
      ["for", "aria-describedby"].forEach(function (attr) {
        var old = el.getAttribute(attr);
        if (old && (v = renamedId(old, from, to)) !== null) { el.setAttribute(attr, v); }
      });
      if (el.matches("button[name=op]")) {
        var parts = el.value.split(":");
        if (parts.length === 2 && (v = renamed(parts[1], from, to)) !== null) {
          el.value = parts[0] + ":" + v;
        }
      }
    });
    // The caption is the item's word and number ("Bước 3", tthc/catalog/field_labels.py).
    var caption = item.querySelector(":scope > legend, :scope > label");
    var old = caption ? caption.textContent.trim() : "";
    var match = /^(.*\S) \d+$/.exec(old);
    if (!match) { return; }
    var label = match[1] + " " + (index + 1);
    caption.textContent = label;
    var remove = actionsOf(item).querySelector("button[value^='remove:']");
    if (old && remove.textContent.indexOf(old) !== -1) {
      remove.textContent = remove.textContent.replace(old, label);
    }
  }

  function moveButton(kind, path) {
    var b = document.createElement("button");
    b.type = "submit";
    b.name = "op";
    b.value = kind + ":" + path;
    b.className = "button-secondary";
    b.textContent = text(kind === "up" ? "up" : "down");
    return b;
  }

  // After a change: paths 0..n-1 in order, the count, "Lên" on all but the first, "Xuống" on
  // all but the last (as the server renders them).
  function renumber(list) {
    var items = itemsOf(list);
    items.forEach(function (item, i) {
      var from = pathOf(item), to = list.path + "." + i;
      if (from !== to) { rename(item, from, to, i); }
    });
    items.forEach(function (item, i) {
      var actions = actionsOf(item), path = list.path + "." + i;
      var up = actions.querySelector("button[value^='up:']");
      var down = actions.querySelector("button[value^='down:']");
      var remove = actions.querySelector("button[value^='remove:']");
      if (i > 0 && !up) { actions.insertBefore(moveButton("up", path), actions.firstChild); }
      if (i === 0 && up) { up.remove(); }
      if (i < items.length - 1 && !down) { actions.insertBefore(moveButton("down", path), remove); }
      if (i === items.length - 1 && down) { down.remove(); }
    });
    list.count.value = String(items.length);
  }

  function captionOf(item) {
    var caption = item.querySelector(":scope > legend, :scope > label");
    return caption ? caption.textContent.trim() : "";
  }
  function firstField(item) {
    return item.querySelector("input:not([type=hidden]), textarea, select");
  }

  function move(list, item, kind) {
    var items = itemsOf(list), i = items.indexOf(item);
    var j = kind === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= items.length) { return false; }
    if (kind === "up") { list.el.insertBefore(item, items[j]); }
    else { list.el.insertBefore(items[j], item); }
    renumber(list);
    var actions = actionsOf(item);
    var again = actions.querySelector("button[value^='" + kind + ":']") ||
      actions.querySelector("button[value^='" + (kind === "up" ? "down" : "up") + ":']");
    (again || actions.querySelector("button")).focus();
    say(kind === "up" ? "moved-up" : "moved-down", captionOf(item));
    return true;
  }

  function remove(list, item, addButton) {
    var items = itemsOf(list), i = items.indexOf(item);
    if (i < 0) { return false; }
    var label = captionOf(item);
    item.remove();
    renumber(list);
    var rest = itemsOf(list);
    var next = rest[Math.min(i, rest.length - 1)];
    var target = next ? firstField(next) : addButton;
    if (target) { target.focus(); }
    say("removed", label);
    return true;
  }

  function add(list, button) {
    var index = itemsOf(list).length;
    var path = list.path + "." + index;
    var data = new FormData(form);
    data.set("op", "add:" + list.path);
    button.disabled = true;
    fetch(form.getAttribute("action") || location.href, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("not an edit page"); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById(idOf(path));
        var item = fresh && (fresh.matches("fieldset") ? fresh : fresh.closest(".form-field"));
        if (!item || !actionsOf(item)) { throw new Error("no new item"); }
        item = document.importNode(item, true);
        item.querySelectorAll("[autofocus]").forEach(function (el) {
          el.removeAttribute("autofocus");
        });
        button.disabled = false;
        list.el.insertBefore(item, button);
        renumber(list);
        dirty = true;
        var field = firstField(item);
        if (field) { field.focus(); }
        say("added", captionOf(item));
      })
      .catch(function () {
        button.disabled = false;
        fallback(button);
      });
    return true;
  }

  // What the button did before: post the form with its op.
  function fallback(button) {
    submitting = true;
    if (form.requestSubmit) { form.requestSubmit(button); return; }
    var op = document.createElement("input");
    op.type = "hidden";
    op.name = "op";
    op.value = button.value;
    form.appendChild(op);
    form.submit();
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=op]");
    if (!button || button.disabled) { return; }
    var list = listOf(button);
    if (!list) { return; }
    var kind = button.value.split(":")[0];
    var handled = false;
    if (kind === "add" && button.parentNode === list.el) {
      handled = add(list, button);
    } else {
      var item = button.closest(".item-actions");
      item = item && item.parentNode;
      if (!item || itemsOf(list).indexOf(item) < 0) { return; }
      var addButton = list.el.querySelector(":scope > button[value^='add:']");
      if (kind === "up" || kind === "down") { handled = move(list, item, kind); }
      else if (kind === "remove") { handled = remove(list, item, addButton); }
    }
    if (handled) {
      event.preventDefault();
      dirty = true;
    }
  });

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty || submitting) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
})();
