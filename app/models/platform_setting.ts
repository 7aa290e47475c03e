import { PlatformSettingSchema } from '#database/schema'

/**
 * A platform-wide setting kept by operators, such as the text of the
 * data-processing agreement. Not tenant data.
 */
export default class PlatformSetting extends PlatformSettingSchema {}
