// The app shell in real Chromium: every tab opens its screen, the hash routes survive a reload, and the tab
// list works from the keyboard as an ARIA tab list.
import { expect, test } from '@playwright/test';

const tabs = ['classify', 'datasets', 'augment', 'train', 'models', 'compare', 'system'] as const;

test('every tab opens its screen and sets the hash', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('tablist', { name: 'Studio screens' })).toBeVisible();
  await expect(page.getByTestId('screen-classify')).toBeVisible();
  await expect(page.getByTestId('tab-classify')).toHaveAttribute('aria-selected', 'true');

  for (const id of tabs) {
    await page.getByTestId(`tab-${id}`).click();
    await expect(page).toHaveURL(new RegExp(`#/${id}$`));
    const panel = page.getByRole('tabpanel');
    await expect(panel).toHaveAttribute('data-testid', `screen-${id}`);
    await expect(panel).toHaveAttribute('aria-labelledby', `tab-${id}`);
    await expect(page.getByTestId(`tab-${id}`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { selected: true })).toHaveCount(1);
  }
  expect(errors).toEqual([]);
});

test('a reload and Back keep the hash route', async ({ page }) => {
  await page.goto('/#/train');
  await expect(page.getByTestId('screen-train')).toBeVisible();
  await page.getByTestId('tab-models').click();
  await expect(page.getByTestId('screen-models')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('screen-models')).toBeVisible();
  await expect(page).toHaveTitle(/Models/);
  await page.goBack();
  await expect(page.getByTestId('screen-train')).toBeVisible();
  await page.goto('/#/no-such-screen');
  await expect(page.getByTestId('screen-classify')).toBeVisible();
});

test('tabs follow the keyboard: arrows, Home, End, one tab stop', async ({ page }) => {
  await page.goto('/#/classify');
  await page.getByTestId('tab-classify').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-datasets')).toBeFocused();
  await expect(page.getByTestId('screen-datasets')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-system')).toBeFocused();
  await expect(page).toHaveURL(/#\/system$/);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-classify')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tab-system')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('tab-classify')).toBeFocused();
  // Roving tabindex: only the selected tab is in the Tab order.
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel')).toBeFocused();
});
