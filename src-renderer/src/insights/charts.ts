/** The chart types insights draw besides the dashboard's (echarts is modular: registered once, here). */
import { GaugeChart, RadarChart } from 'echarts/charts';
import { RadarComponent } from 'echarts/components';
import { echarts } from '../dashboard/echarts';

echarts.use([GaugeChart, RadarChart, RadarComponent]);

export { Chart, axisStyle } from '../dashboard/Chart';
