/* The documents checklist remembers its ticks on this device (localStorage), per procedure.
   A progressive enhancement: without JavaScript the boxes still tick, they are just not kept.
   No account, nothing sent anywhere. */
(function () {
  "use strict";
  var script = document.currentScript;
  var groups = document.querySelectorAll("[data-checklist]");
  var store;
  try {
    store = window.localStorage;
    store.setItem("tthc-test", "1");
    store.removeItem("tthc-test");
  } catch (e) {
    return; // private browsing or storage disabled: keep the plain list
  }
  if (!groups.length) { return; }

  function keyOf(group) { return "tthc:checklist:" + group.getAttribute("data-checklist"); }

  function load(group) {
    try { return JSON.parse(store.getItem(keyOf(group)) || "[]"); } catch (e) { return []; }
  }

  function save(group) {
    var ticked = [];
    group.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.checked) { ticked.push(box.id); }
    });
    try {
      if (ticked.length) { store.setItem(keyOf(group), JSON.stringify(ticked)); }
      else { store.removeItem(keyOf(group)); }
    } catch (e) { /* storage full: the ticks simply are not kept */ }
  }

  groups.forEach(function (group) {
    var ticked = load(group);
    group.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (ticked.indexOf(box.id) !== -1) { box.checked = true; }
      box.addEventListener("change", function () { save(group); });
    });
    var bar = document.createElement("p");
    bar.className = "checklist-tools";
    var note = document.createElement("span");
    note.textContent = (script && script.getAttribute("data-saved")) || "";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "link-button checklist-clear";
    clear.textContent = (script && script.getAttribute("data-clear")) || "Clear";
    clear.addEventListener("click", function () {
      group.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
      save(group);
    });
    bar.appendChild(note);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(clear);
    group.appendChild(bar);
  });
})();
