/* Search the site with no server: assets/search-index.js (a classic script, which pages opened
   from file:// may load) sets window.incidentSearch = {fold, docs}. A query is folded exactly as
   the index was (fold: character -> lower-case Latin, from the project's transliteration), so a
   name typed in Cyrillic finds the Latin spelling and back. Every word must start a word;
   incidents whose title holds every word come first. */
(function () {
  "use strict";
  var index = window.incidentSearch;
  var input = document.getElementById("q");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!index || !input || !results || !status) { return; }

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      out += Object.prototype.hasOwnProperty.call(index.fold, c) ? index.fold[c] : c.toLowerCase();
    }
    return out.replace(/[^a-z0-9]+/g, " ").trim();
  }

  function say(key, count) {
    status.textContent = status.getAttribute("data-" + key).replace("{count}", String(count));
  }

  function run() {
    var words = fold(input.value).split(" ").filter(Boolean);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!words.length) { say("empty", 0); return; }
    var found = index.docs.filter(function (doc) {
      var text = " " + doc[3];
      return words.every(function (w) { return text.indexOf(" " + w) !== -1; });
    });
    function inTitle(doc) {
      var title = " " + fold(doc[1]);
      return words.every(function (w) { return title.indexOf(" " + w) !== -1; }) ? 0 : 1;
    }
    found = found.map(function (doc, i) { return [inTitle(doc), i, doc]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (item) { return item[2]; });  // title matches first, else newest first
    found.slice(0, 200).forEach(function (doc) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc[0];
      link.textContent = doc[1];
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = doc[2];
      item.appendChild(link);
      item.appendChild(meta);
      results.appendChild(item);
    });
    say(found.length === 0 ? "none" : found.length === 1 ? "one" : "many", found.length);
  }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  run();
})();
