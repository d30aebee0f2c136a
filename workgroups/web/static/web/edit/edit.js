/* Live Markdown preview for the editing forms: the server renders it exactly as it will be
   published (sanitised), so what the editor sees is what readers get. No inline script: the
   Content-Security-Policy allows only files from this site. */
(function () {
  "use strict";
  var out = document.getElementById("preview");
  var areas = document.querySelectorAll("textarea[data-preview]");
  if (!out || !areas.length) {
    return;
  }
  var url = out.getAttribute("data-url");
  var form = areas[0].form;
  var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var timer = null;
  var sequence = 0;

  function update(area) {
    var mine = ++sequence;
    var body = new URLSearchParams();
    body.set("text", area.value);
    out.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("preview " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (mine === sequence) {
          out.innerHTML = html; // sanitised by the server (nh3)
          out.removeAttribute("aria-busy");
          out.setAttribute("data-rendered", String(mine));
        }
      })
      .catch(function () {
        if (mine === sequence) {
          out.textContent = "The preview is not available just now.";
          out.removeAttribute("aria-busy");
        }
      });
  }

  Array.prototype.forEach.call(areas, function (area) {
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        update(area);
      }, 250);
    });
    area.addEventListener("focus", function () {
      if (area.value) {
        update(area);
      }
    });
  });
  var first = areas[0];
  if (first.value) {
    update(first);
  }
})();
