// ZIP code finder: reads this state's finder.json (built by hubgen, same site)
// and lists the nearest communities and offices by great-circle distance.
(function () {
  "use strict";
  var form = document.getElementById("zip-finder");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input");
  var out = document.getElementById("zip-results");
  var data = null;
  form.hidden = false;
  var note = document.getElementById("zip-needs-js");
  if (note) { note.hidden = true; }

  function miles(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 3958.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function item(place, distance, covers) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = place.url;
    a.textContent = place.title;
    li.appendChild(a);
    var span = document.createElement("span");
    span.className = "muted";
    span.textContent = " " + (covers ? form.dataset.covers + ", " : "") +
      distance.toFixed(1) + " " + form.dataset.miles;
    li.appendChild(span);
    return li;
  }

  function list(title, places) {
    var h = document.createElement("h3");
    h.textContent = title;
    var ul = document.createElement("ul");
    ul.className = "finder";
    places.forEach(function (p) { ul.appendChild(item(p.place, p.distance, p.covers)); });
    out.appendChild(h);
    out.appendChild(ul);
  }

  function message(text, link) {
    var p = document.createElement("p");
    p.textContent = text + " ";
    if (link) {
      var a = document.createElement("a");
      a.href = form.dataset.startUrl;
      a.textContent = form.dataset.start;
      p.appendChild(a);
    }
    out.appendChild(p);
  }

  function show() {
    out.textContent = "";
    var zip = input.value.trim();
    var here = data.zips[zip];
    if (!/^\d{5}$/.test(zip)) { message(form.dataset.invalid); return; }
    if (!here) { message(form.dataset.unknown.replace("{zip}", zip).replace("{state}", data.state)); return; }
    function rank(places) {
      return places.map(function (place) {
        return {
          place: place,
          distance: miles(here[0], here[1], place.lat, place.lon),
          covers: (place.counties || []).indexOf(here[2]) >= 0
        };
      }).sort(function (a, b) { return (b.covers - a.covers) || (a.distance - b.distance); });
    }
    var communities = rank(data.communities).filter(function (c) {
      return c.covers || c.distance <= data.radius;
    });
    var offices = rank(data.offices).filter(function (o) { return o.distance <= data.radius; });
    if (communities.length) {
      list(form.dataset.communities, communities.slice(0, 3));
    } else {
      message(form.dataset.far.replace("{miles}", data.radius), true);
    }
    if (offices.length) { list(form.dataset.offices, offices.slice(0, 2)); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (data) { show(); return; }
    fetch(form.dataset.source).then(function (r) { return r.json(); }).then(function (d) {
      data = d;
      show();
    }).catch(function () { message(form.dataset.failed); });
  });
})();
