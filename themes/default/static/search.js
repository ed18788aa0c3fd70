// Search page: our own labelled form over Pagefind's index of this site (no other site is
// asked). Pagefind's script is loaded only once someone searches; the count of results is
// said by the page's status line (role="status").
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form || !window.Promise) { return; }
  var input = document.getElementById("search-input");
  var count = document.getElementById("search-count");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 5;
  var loading = null;
  var found = [];
  var shown = 0;
  var asked = 0;
  form.hidden = false;
  var note = document.getElementById("search-needs-js");
  if (note) { note.hidden = true; }

  function pagefind() {
    if (!loading) {
      loading = import(form.dataset.bundle + "pagefind.js").then(function (module) {
        return module.init().then(function () { return module; });
      });
      loading.catch(function () { count.textContent = form.dataset.failed; });
    }
    return loading;
  }

  function said(template, query, n) {
    return template.replace("{n}", String(n)).replace("{q}", query);
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found: keep just those.
  function excerpt(html) {
    var p = document.createElement("p");
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(a);
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function showMore(run) {
    var next = found.slice(shown, shown + PAGE);
    shown += next.length;
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (all) {
      if (run !== asked) { return; }
      all.forEach(function (data) { list.appendChild(item(data)); });
      more.hidden = shown >= found.length;
    });
  }

  function search(query, quiet) {
    var run = ++asked;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      count.textContent = "";
      more.hidden = true;
      return;
    }
    pagefind().then(function (module) {
      return quiet ? module.debouncedSearch(query, {}, 300) : module.search(query);
    }).then(function (result) {
      if (!result || run !== asked) { return; }
      found = result.results;
      shown = 0;
      list.textContent = "";
      var n = found.length;
      var template = n === 0 ? form.dataset.none : n === 1 ? form.dataset.one : form.dataset.many;
      return showMore(run).then(function () {
        if (run === asked) { count.textContent = said(template, query, n); }
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var address = query ? "?q=" + encodeURIComponent(query) : location.pathname;
    history.replaceState(null, "", address);
    search(query, false);
  });
  input.addEventListener("input", function () { search(input.value, true); });
  input.addEventListener("focus", function () { pagefind(); }, { once: true });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(asked).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) { link.focus(); }
    });
  });

  var asked_for = new URLSearchParams(location.search).get("q");
  if (asked_for) {
    input.value = asked_for;
    search(asked_for, false);
  }
}());
