// The hall's pages: the ticket kiosk, the board on the TV, the rating
// screens. The policy allows no inline script, so each page says what it
// needs with data- attributes and this one file does it. Everything works
// without it: the board then refreshes itself, forms are plain forms.
(function () {
  'use strict';

  // A ticket prints on a touch of "In số", or by itself on a kiosk whose
  // link asks for it (?in=1).
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
  if (document.body.dataset.autoprint === '1') {
    window.addEventListener('load', function () { window.print(); });
  }

  // A double tap on a touch screen would send the form twice (two tickets,
  // a rating refused as done). The mark lapses, in case the answer never
  // comes and the screen must be usable again.
  document.querySelectorAll('form[data-once]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (f.dataset.sent) {
        e.preventDefault();
        return;
      }
      f.dataset.sent = '1';
      window.setTimeout(function () { delete f.dataset.sent; }, 10000);
    });
  });

  var board = document.getElementById('board');
  if (board) {
    live(board);
  }

  // The board follows its stream of server-sent events; each `board` event
  // carries the whole board (the API's JSON), drawn again with text nodes
  // only. A new call flashes, and is read out when the voice is on.
  function live(main) {
    var text = main.dataset;
    var latest = document.getElementById('board-latest');
    var say = document.getElementById('board-say');
    var recent = document.getElementById('board-recent');
    var waiting = document.querySelector('#board-waiting tbody');
    var voice = document.getElementById('board-voice');
    var speaking = false;
    var seen = null; // the calls of the last event; none before the first

    function fill(pattern, number, counter) {
      return pattern.split('{number}').join(number).split('{counter}').join(String(counter));
    }

    function el(tag, cls, content) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (content !== undefined) { e.textContent = content; }
      return e;
    }

    function callParts(parent, call) {
      parent.appendChild(el('span', 'num', call.number));
      var arrow = el('span', 'arrow', '→');
      arrow.setAttribute('aria-hidden', 'true');
      parent.appendChild(arrow);
      parent.appendChild(el('span', 'ctr', fill(text.counter, call.number, call.counter)));
    }

    function key(call) {
      return [call.number, call.counter, call.at, call.recalls].join('|');
    }

    function draw(b) {
      var calls = b.called || [];
      latest.replaceChildren();
      if (calls.length) {
        callParts(latest, calls[0]);
        say.textContent = fill(text.say, calls[0].number, calls[0].counter);
      } else {
        latest.appendChild(el('span', 'none', text.none));
        say.textContent = '';
      }
      recent.replaceChildren();
      calls.slice(1).forEach(function (c) {
        var li = el('li');
        callParts(li, c);
        recent.appendChild(li);
      });
      waiting.replaceChildren();
      (b.waiting || []).forEach(function (g) {
        var tr = el('tr');
        var th = el('th');
        th.setAttribute('scope', 'row');
        th.appendChild(el('span', 'letter', g.letter));
        th.appendChild(document.createTextNode(' ' + g.group));
        tr.appendChild(th);
        tr.appendChild(el('td', 'count', String(g.waiting)));
        tr.appendChild(el('td', 'num', g.next || '—'));
        waiting.appendChild(tr);
      });

      // The first event is the board as it was drawn: nothing new in it.
      var keys = calls.map(key);
      if (seen !== null) {
        var fresh = calls.filter(function (c) { return seen.indexOf(key(c)) < 0; });
        if (fresh.length) {
          flash();
          // Oldest first, as they were called.
          fresh.reverse().forEach(function (c) {
            speak(fill(text.say, c.number, c.counter));
          });
        }
      }
      seen = keys;
    }

    function flash() {
      latest.classList.remove('flash');
      // Reading the size restarts the animation on the same element.
      void latest.offsetWidth;
      latest.classList.add('flash');
    }

    function speak(words) {
      if (!speaking || !('speechSynthesis' in window)) { return; }
      var u = new SpeechSynthesisUtterance(words);
      u.lang = text.voiceLang;
      window.speechSynthesis.speak(u);
    }

    if (voice && 'speechSynthesis' in window) {
      voice.hidden = false;
      voice.addEventListener('click', function () {
        speaking = !speaking;
        voice.setAttribute('aria-pressed', speaking ? 'true' : 'false');
        voice.textContent = speaking ? text.voiceOff : text.voiceOn;
        if (!speaking) { window.speechSynthesis.cancel(); }
      });
    }

    var clock = document.getElementById('board-clock');
    var date = document.getElementById('board-date');
    var hhmm = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Ho_Chi_Minh'
    });
    var ddmmyyyy = new Intl.DateTimeFormat('en-GB', {
      day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh'
    });
    function tick() {
      var now = new Date();
      clock.textContent = hhmm.format(now);
      date.textContent = ddmmyyyy.format(now);
    }
    window.setInterval(tick, 5000);
    tick();

    if (!('EventSource' in window)) { return; }
    var source = new EventSource(text.events);
    source.addEventListener('board', function (e) {
      try {
        draw(JSON.parse(e.data));
      } catch (err) {
        // A board that cannot be read leaves the last one shown.
      }
    });
    // The browser reconnects a dropped stream by itself; one it gave up on
    // (refused, too many requests) is tried again with a fresh page.
    source.addEventListener('error', function () {
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(function () { window.location.reload(); }, 30000);
      }
    });
  }
})();
