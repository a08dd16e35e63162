/* Search the site with no server. assets/search-index.js (a classic script, which pages opened
   from file:// may load) sets window.INCIDENTCTL_SEARCH = {fold, docs, index}: index is a lunr
   index built in Python (incidentctl.site.searchindex), loaded by the vendored assets/lunr.js;
   docs[ref] is [url, title, date]. A query is folded exactly as the indexed text was (fold:
   character -> lower-case Latin, from the project's transliteration), so a name typed in Cyrillic
   finds the Latin spelling and back; lunr's pipeline is empty on both sides for the same reason.
   Every typed word is required and matches the start of a word (word*); incidents whose title
   holds every word come first, then the newest (docs are newest first). */
(function () {
  "use strict";
  var data = window.INCIDENTCTL_SEARCH;
  var input = document.getElementById("q");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!data || !window.lunr || !input || !results || !status) { return; }
  var index = lunr.Index.load(data.index);

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      out += Object.prototype.hasOwnProperty.call(data.fold, c) ? data.fold[c] : c.toLowerCase();
    }
    return out.replace(/[^a-z0-9]+/g, " ").trim();
  }

  function say(key, count) {
    status.textContent = status.getAttribute("data-" + key).replace("{count}", String(count));
  }

  function search(words) {
    return index.query(function (query) {
      words.forEach(function (word) {
        query.term(word, {
          wildcard: lunr.Query.wildcard.TRAILING,
          presence: lunr.Query.presence.REQUIRED
        });
      });
    });
  }

  function run() {
    var words = fold(input.value).split(" ").filter(Boolean);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!words.length) { say("empty", 0); return; }
    function inTitle(doc) {
      var title = " " + fold(doc[1]);
      return words.every(function (w) { return title.indexOf(" " + w) !== -1; }) ? 0 : 1;
    }
    var found = search(words).map(function (hit) {
      var ref = Number(hit.ref);
      return [inTitle(data.docs[ref]), ref, data.docs[ref]];
    }).sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (item) { return item[2]; });
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
