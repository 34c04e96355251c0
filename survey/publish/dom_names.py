"""Names a form control must not take: the properties of a ``<form>`` element in Chromium.

Inside a form, a control's ``name`` or ``id`` becomes a property of the form (``form.action`` is
then the control, not the address; ``form.submit`` no longer submits), so the backstop refuses
controls named after what a form already has. Only the names a generated id or name can spell are
kept (lower-case letters, digits, ``_`` and ``-``: ``submit``, ``onsubmit``, not ``requestSubmit``).

Recorded from Chromium 156.0.8078.129 (Debian) with Playwright: every own property name along the
prototype chain of ``document.createElement("form")`` (HTMLFormElement, HTMLElement, Element, Node,
EventTarget, Object). tests/test_markup_safety.py reads the chain again from the Chromium it finds
and fails if a name is missing here.
"""

from __future__ import annotations

FORM_PROPERTIES = frozenset(
    """
action after animate append attributes autocapitalize autocomplete autocorrect autofocus before blur
children click closest constructor contains dataset dir draggable elements encoding enctype focus
hidden id inert lang length matches method name nonce normalize onabort onanimationcancel
onanimationend onanimationiteration onanimationstart onauxclick onbeforecopy onbeforecut
onbeforeinput onbeforematch onbeforepaste onbeforetoggle onbeforexrselect onblur oncancel oncanplay
oncanplaythrough onchange onclick onclose oncommand oncontentvisibilityautostatechange oncontextlost
oncontextmenu oncontextrestored oncopy oncuechange oncut ondblclick ondrag ondragend ondragenter
ondragleave ondragover ondragstart ondrop ondurationchange onemptied onended onerror onfocus
onformdata onfullscreenchange onfullscreenerror ongotpointercapture oninput oninvalid onkeydown
onkeypress onkeyup onload onloadeddata onloadedmetadata onloadstart onlostpointercapture onmousedown
onmouseenter onmouseleave onmousemove onmouseout onmouseover onmouseup onmousewheel onpaste onpause
onplay onplaying onpointercancel onpointerdown onpointerenter onpointerleave onpointermove
onpointerout onpointerover onpointerup onprogress onratechange onreset onresize onscroll onscrollend
onscrollsnapchange onscrollsnapchanging onsearch onsecuritypolicyviolation onseeked onseeking
onselect onselectionchange onselectstart onslotchange onstalled onsubmit onsuspend ontimeupdate
ontoggle ontransitioncancel ontransitionend ontransitionrun ontransitionstart onvolumechange
onwaiting onwebkitanimationend onwebkitanimationiteration onwebkitanimationstart
onwebkitfullscreenchange onwebkitfullscreenerror onwebkittransitionend onwheel part popover prefix
prepend pseudo rel remove reset role scroll slot spellcheck style submit target title translate when
""".split()
)
