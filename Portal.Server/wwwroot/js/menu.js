// The header's menu is a native popover (see MainLayout): it opens, closes and takes the keyboard along without this
// script. Only one thing needs it: a link followed from the menu may change the page without a reload (Blazor's
// navigation), which leaves a popover open over the new page; so a choice made in the menu closes it.
document.addEventListener('click', event => {
    const menu = event.target instanceof Element ? event.target.closest('.portal-links') : null;
    if (menu && menu.matches(':popover-open') && event.target.closest('a, button')) menu.hidePopover();
});
